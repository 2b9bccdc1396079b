import { expect } from "vitest";
import { addAccount, addMember, call, signUp } from "./api";

let n = 0;

/**
 * The world of the waiting-reply tests: an account Mona (a manager) owns, Max (another manager) and
 * Ari (an author) in the same workspace, and a conversation Carol started on the account.
 */
export async function ownedConversation() {
	const ws = await signUp();
	const mona = await addMember(ws, "manager", "Mona Manager");
	const max = await addMember(ws, "manager", "Max Manager");
	const ari = await addMember(ws, "author", "Ari Author");
	const acc = await addAccount(ws, { postingPolicy: "owner", ownerId: mona.id });
	const mention = {
		accountId: acc.id,
		network: "sandbox",
		externalId: `carol-${Date.now()}-${n++}`,
		author: "@carol",
		text: "Is the app down?",
		createdAt: new Date().toISOString(),
	};
	const res = await call("POST", "/mentions", { token: ws.token, json: { items: [mention] } });
	expect(res.status).toBe(201);
	return { ws, mona, max, ari, acc, conversationId: res.body.items[0].conversationId as string };
}
