/** The API reference (Swagger UI at /api/v1/docs) for those who set up integrations: owners and managers. */
export const ApiDocsLink = ({ role }: { role?: string }) =>
	role === "owner" || role === "manager" ? (
		<a href="/api/v1/docs" class="api-docs-link">
			API docs
		</a>
	) : null;
