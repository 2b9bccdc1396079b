import { Layout, type Viewer } from "../layout";

/** Any error a page did not place on its form: the message, never the API's JSON. */
export const ErrorPage = ({ viewer, message }: { viewer?: Viewer; message: string }) => (
	<Layout title="Something went wrong" viewer={viewer}>
		<section class="card narrow">
			<h1>Something went wrong</h1>
			<p>{message}</p>
			<p>
				<a href="/calendar">Back to the calendar</a>
			</p>
		</section>
	</Layout>
);
