import type { AccountRow } from "../../db/queries/accounts";
import { networkNames } from "../../domain/networks";
import { Layout, type Viewer } from "../layout";

/** A real network's account has no feed in Chorus: say where its posts are instead. */
export const NotSandboxPage = ({ viewer, account }: { viewer?: Viewer; account: AccountRow }) => (
	<Layout title="No sandbox feed" viewer={viewer} current="sandbox">
		<section class="card narrow">
			<h1>No sandbox feed</h1>
			<p>
				{account.handle} is a {networkNames[account.network]} account, not a sandbox account: its posts are on {networkNames[account.network]} itself. Each
				published post links to them.
			</p>
			<p>
				<a href="/sandbox">Sandbox accounts</a>
			</p>
		</section>
	</Layout>
);
