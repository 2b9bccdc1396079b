import { Layout } from "../layout";

type Mail = { id: string; to: string; subject: string; text: string; createdAt: number };

/** Splits a mail's text so its links are clickable (only http(s) links). */
const withLinks = (text: string) => text.split(/(https?:\/\/[^\s]+)/g).map((part) => (/^https?:\/\//.test(part) ? <a href={part}>{part}</a> : part));

export const DevMailboxPage = ({ mails, to }: { mails: Mail[]; to?: string }) => (
	<Layout title="Dev mailbox">
		<div class="narrow-page">
			<h1>Dev mailbox</h1>
			<p class="muted">
				Mail Chorus sent while running locally (CHORUS_ENV={"local"}). Nothing here left this machine.
				{to && (
					<>
						{" "}
						Showing mail to {to}. <a href="/dev/mailbox">Show all</a>
					</>
				)}
			</p>
			{mails.length === 0 ? (
				<p class="muted">No mail yet.</p>
			) : (
				<ul class="mailbox">
					{mails.map((m) => (
						<li class="mail" id={`mail-${m.id}`}>
							<div class="mail-head">
								<strong class="mail-subject">{m.subject}</strong>
								<small class="muted">
									to <span class="mail-to">{m.to}</span> · {new Date(m.createdAt).toISOString().slice(0, 19).replace("T", " ")} UTC
								</small>
							</div>
							<p class="mail-text">{withLinks(m.text)}</p>
						</li>
					))}
				</ul>
			)}
		</div>
	</Layout>
);
