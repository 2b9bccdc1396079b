import { Banner } from "../components/messages";
import { Layout } from "../layout";

type Props = { next: string; email?: string; error?: string; notice?: string; askCode?: boolean };

export const SignInPage = ({ next, email = "", error, notice, askCode }: Props) => (
	<Layout title="Sign in">
		<section class="card narrow">
			<h1>Sign in</h1>
			<Banner text={notice} />
			<Banner text={error} kind="error" />
			<form method="post" action="/sign-in" class="stack">
				<input type="hidden" name="next" value={next} />
				<label>
					Email
					<input type="email" name="email" value={email} autocomplete="username" required autofocus />
				</label>
				<label>
					Password
					<input type="password" name="password" autocomplete="current-password" required />
				</label>
				{askCode && (
					<label>
						Code from your authenticator app (or a recovery code)
						<input type="text" name="code" autocomplete="one-time-code" inputmode="numeric" required autofocus />
					</label>
				)}
				<button type="submit" class="primary">
					Sign in
				</button>
			</form>
			<p>
				<a href="/forgot-password">Forgot your password?</a>
			</p>
		</section>
	</Layout>
);
