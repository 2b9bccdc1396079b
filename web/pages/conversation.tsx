import type { AccountRow } from "../../db/queries/accounts";
import { networkNames } from "../../domain/networks";
import { ConversationMessages, type LabelCorrection, type ReplyReview, type ThreadMessage } from "../components/conversation-messages";
import { ConversationOwner, type OwnerCardProps } from "../components/conversation-owner";
import { ConversationReply } from "../components/conversation-reply";
import { Banner } from "../components/messages";
import { Layout, type Viewer } from "../layout";

type Props = {
	viewer?: Viewer;
	/** The outside user as the heading names them: "Carol Client (@carol)", or just the handle. */
	author: string;
	handle: string;
	account?: AccountRow;
	messages: ThreadMessage[];
	/** Approve and reject on waiting replies, for whoever may decide them. */
	review?: ReplyReview;
	/** Correcting how a message of theirs was classified. */
	correction?: LabelCorrection;
	zone: string;
	notice?: string;
	/** The banner at the top for an error that belongs to no form. */
	error?: string;
	owner: OwnerCardProps;
	/** The reply form, for members who may reply. */
	reply?: { body: string; hint?: string; error?: string; fieldErrors?: string[] };
};

export function ConversationPage(p: Props) {
	const from = p.account ? p.account.handle : "the account";
	return (
		<Layout title={`Conversation with ${p.author}`} viewer={p.viewer} current="inbox">
			<div class="post-head convo-head">
				<h1>
					{p.author}
					{p.account && (
						<small class="convo-account">
							on <span class="net">{networkNames[p.account.network]}</span> {p.account.handle}
						</small>
					)}
				</h1>
				<a href="/inbox">← Inbox</a>
			</div>
			<Banner text={p.notice} />
			<Banner text={p.error} kind="error" />
			<div class="post-layout convo-layout">
				<div class="convo-main">
					<section class="card thread-card">
						<p class="muted thread-zone">Times in {p.zone}</p>
						{p.messages.length ? (
							<ConversationMessages
								messages={p.messages}
								zone={p.zone}
								review={p.review}
								network={p.account ? networkNames[p.account.network] : undefined}
								correction={p.correction}
							/>
						) : (
							<p class="muted">No messages.</p>
						)}
					</section>
					{p.reply && <ConversationReply conversationId={p.owner.conversationId} to={p.handle} from={from} {...p.reply} />}
				</div>
				<div class="side">
					<ConversationOwner {...p.owner} />
				</div>
			</div>
		</Layout>
	);
}
