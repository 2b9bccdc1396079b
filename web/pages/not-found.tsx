import { Layout, type Viewer } from "../layout";

export const NotFoundPage = ({ viewer, what = "page" }: { viewer?: Viewer; what?: string }) => (
	<Layout title="Not found" viewer={viewer}>
		<section class="card narrow">
			<h1>Not found</h1>
			<p>This {what} does not exist, or it belongs to another workspace.</p>
			<p>
				<a href="/calendar">Back to the calendar</a>
			</p>
		</section>
	</Layout>
);
