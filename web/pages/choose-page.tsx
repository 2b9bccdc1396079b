import { Layout, type Viewer } from "../layout";

/** After a Facebook sign-in: which of the user's Pages becomes the account. */
export const ChoosePage = ({ viewer, flow, pages }: { viewer?: Viewer; flow: string; pages: { id: string; name: string }[] }) => (
	<Layout title="Choose a Facebook Page" viewer={viewer} current="accounts">
		<section class="card narrow">
			<h1>Choose a Facebook Page</h1>
			<p class="muted">Chorus posts as the Page you choose. This choice expires in ten minutes.</p>
			<form method="post" action="/oauth/facebook/page" class="stack">
				<input type="hidden" name="flow" value={flow} />
				{pages.map((p, i) => (
					<label class="choice">
						<input type="radio" name="pageId" value={p.id} required checked={i === 0} /> {p.name}
					</label>
				))}
				<button type="submit" class="primary">
					Connect this Page
				</button>
			</form>
		</section>
	</Layout>
);
