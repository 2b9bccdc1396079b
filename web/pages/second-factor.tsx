import { Banner, FieldErrors } from "../components/messages";
import { Layout, type Viewer } from "../layout";

type Props = {
	viewer?: Viewer;
	enabled: boolean;
	may: boolean;
	enrolment?: { secret: string; otpauthUri: string };
	recoveryCodes?: string[];
	notice?: string;
	error?: string;
	codeErrors?: string[];
};

export function SecondFactorPage({ viewer, enabled, may, enrolment, recoveryCodes, notice, error, codeErrors }: Props) {
	return (
		<Layout title="Second factor" viewer={viewer}>
			<div class="narrow-page">
				<div class="post-head">
					<h1>Second factor</h1>
					<a href="/notifications/settings">← My settings</a>
				</div>
				<Banner text={notice} />
				<Banner text={error} kind="error" />
				{!may && <p>The second factor is for owners and managers.</p>}
				{recoveryCodes && (
					<section class="card">
						<h2>Recovery codes</h2>
						<p>Each works once if you lose your phone. Keep them somewhere safe: they are shown only now.</p>
						<ul class="codes">
							{recoveryCodes.map((c) => (
								<li>{c}</li>
							))}
						</ul>
					</section>
				)}
				{may && enabled && !recoveryCodes && (
					<form method="post" action="/account/second-factor/disable" class="card stack">
						<p>On: signing in asks for a code from your authenticator app.</p>
						<label>
							A current code or a recovery code, to turn it off
							<input type="text" name="code" autocomplete="one-time-code" required />
						</label>
						<FieldErrors messages={codeErrors} />
						<button type="submit" class="danger">
							Turn off
						</button>
					</form>
				)}
				{may && !enabled && !enrolment && (
					<form method="post" action="/account/second-factor/start" class="card stack">
						<p>Off. Turn it on to be asked for a code from an authenticator app (any TOTP app) when you sign in.</p>
						<button type="submit" class="primary">
							Set it up
						</button>
					</form>
				)}
				{may && !enabled && enrolment && (
					<form method="post" action="/account/second-factor/confirm" class="card stack">
						<p>
							Add this key to your authenticator app: <code class="totp-secret">{enrolment.secret}</code>
						</p>
						<p>
							or open <a href={enrolment.otpauthUri}>{enrolment.otpauthUri}</a> on the phone that has the app.
						</p>
						<label>
							The code the app shows now
							<input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required />
						</label>
						<FieldErrors messages={codeErrors} />
						<button type="submit" class="primary">
							Turn on
						</button>
					</form>
				)}
			</div>
		</Layout>
	);
}
