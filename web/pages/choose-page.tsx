import { Layout, type Viewer } from "../layout";

/** After a Facebook or Instagram sign-in: which of the user's Pages (or the Instagram account linked to it) becomes the account. */
export const ChoosePage = ({
	viewer,
	network,
	flow,
	pages,
}: {
	viewer?: Viewer;
	network: "facebook" | "instagram";
	flow: string;
	pages: { id: string; name: string }[];
}) => (
	<Layout title={network === "instagram" ? "Choose an Instagram account" : "Choose a Facebook Page"} viewer={viewer} current="accounts">
		<section class="card narrow">
			<h1>{network === "instagram" ? "Choose an Instagram account" : "Choose a Facebook Page"}</h1>
			<p class="muted">
				{network === "instagram" ? "Chorus posts as the Instagram professional account linked to the Page you choose." : "Chorus posts as the Page you choose."}{" "}
				This choice expires in ten minutes.
			</p>
			<form method="post" action="/oauth/facebook/page" class="stack">
				<input type="hidden" name="flow" value={flow} />
				{pages.map((p, i) => (
					<label class="choice">
						<input type="radio" name="pageId" value={p.id} required checked={i === 0} /> {p.name}
					</label>
				))}
				<button type="submit" class="primary">
					{network === "instagram" ? "Connect this account" : "Connect this Page"}
				</button>
			</form>
		</section>
	</Layout>
);
