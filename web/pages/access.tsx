/** The pages reached from a mailed link or the sign-in form: accept an invitation, ask for and set a new password. */
import { Banner, FieldErrors } from "../components/messages";
import { Layout } from "../layout";

type Errors = { message?: string; fields?: Record<string, string[]> };

export function AcceptInvitePage({
	token,
	invite,
	values = {},
	errors,
}: {
	token: string;
	/** `signIn`: the address has a sign-in already ("needed" until its person is signed in, "wrong" when someone else is). */
	invite?: { email: string; role: string; workspace: string; signIn?: "needed" | "wrong" | "ready" };
	values?: { name?: string };
	errors?: Errors;
}) {
	return (
		<Layout title="Join">
			<section class="card narrow">
				<h1>{invite ? `Join ${invite.workspace}` : "Invitation"}</h1>
				<Banner text={errors?.message} kind="error" />
				{invite?.signIn === "needed" && (
					<p>
						You are invited as <strong>{invite.role}</strong>. You already have a Chorus sign-in with <strong>{invite.email}</strong>:{" "}
						<a href={`/sign-in?next=${encodeURIComponent(`/accept-invite?token=${token}`)}`}>sign in</a> as usual, then accept here. Your password stays as it
						is.
					</p>
				)}
				{invite?.signIn === "wrong" && (
					<p>
						This invitation is for <strong>{invite.email}</strong>, and you are signed in as someone else. Sign out, then sign in as {invite.email} to accept.
					</p>
				)}
				{invite?.signIn === "ready" && (
					<>
						<p>
							You are invited as <strong>{invite.role}</strong>. Accept to add {invite.workspace} to your workspaces.
						</p>
						<form method="post" action="/accept-invite" class="stack">
							<input type="hidden" name="token" value={token} />
							<button type="submit" class="primary">
								Accept and join
							</button>
						</form>
					</>
				)}
				{invite && !invite.signIn && (
					<>
						<p>
							You are invited as <strong>{invite.role}</strong> with <strong>{invite.email}</strong>. Choose your name and a password.
						</p>
						<form method="post" action="/accept-invite" class="stack">
							<input type="hidden" name="token" value={token} />
							<label>
								Your name
								<input type="text" name="name" value={values.name ?? ""} autocomplete="name" required maxlength={120} />
							</label>
							<FieldErrors messages={errors?.fields?.name} />
							<label>
								Password (at least 10 characters)
								<input type="password" name="password" autocomplete="new-password" required minlength={10} />
							</label>
							<FieldErrors messages={errors?.fields?.password} />
							<button type="submit" class="primary">
								Join
							</button>
						</form>
					</>
				)}
			</section>
		</Layout>
	);
}

export function ForgotPasswordPage({ email = "", notice, error }: { email?: string; notice?: string; error?: string }) {
	return (
		<Layout title="Forgot password">
			<section class="card narrow">
				<h1>Forgot your password?</h1>
				<Banner text={notice} />
				<Banner text={error} kind="error" />
				<form method="post" action="/forgot-password" class="stack">
					<label>
						Email
						<input type="email" name="email" value={email} autocomplete="username" required />
					</label>
					<button type="submit" class="primary">
						Mail me a link
					</button>
				</form>
				<p>
					<a href="/sign-in">Back to sign in</a>
				</p>
			</section>
		</Layout>
	);
}

export function ResetPasswordPage({ token, errors, usable = true }: { token: string; errors?: Errors; usable?: boolean }) {
	return (
		<Layout title="New password">
			<section class="card narrow">
				<h1>Choose a new password</h1>
				<Banner text={errors?.message} kind="error" />
				{usable ? (
					<form method="post" action="/reset-password" class="stack">
						<input type="hidden" name="token" value={token} />
						<label>
							New password (at least 10 characters)
							<input type="password" name="password" autocomplete="new-password" required minlength={10} />
						</label>
						<FieldErrors messages={errors?.fields?.password} />
						<button type="submit" class="primary">
							Set password
						</button>
					</form>
				) : (
					<a href="/forgot-password">Ask for a new link</a>
				)}
			</section>
		</Layout>
	);
}
