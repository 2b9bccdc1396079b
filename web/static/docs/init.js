// The interactive API reference: Swagger UI (vendored from swagger-ui-dist, served by Chorus itself)
// reading the spec the Worker generates. Same origin, so "Try it out" uses the browser's session.
window.addEventListener("load", () => {
	window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#reference", deepLinking: true, tryItOutEnabled: false });
});
