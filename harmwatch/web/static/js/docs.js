// /docs: Swagger UI over the app's OpenAPI document, from the package's own copy of Swagger UI
// (no CDN, no inline script: the page runs under the app's Content-Security-Policy).
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  validatorUrl: null, // the spec is checked here, not sent to a validator on the internet
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
