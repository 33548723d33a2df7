// The API's reference: Swagger UI (served from static/vendor) reading the OpenAPI document.
(function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  if (!box || typeof SwaggerUIBundle === "undefined") { return; }
  SwaggerUIBundle({
    url: box.getAttribute("data-url"),
    domNode: box,
    deepLinking: true,
    tryItOutEnabled: false,
    defaultModelsExpandDepth: 0,
  });
}());
