/**
 * The open API described in OpenAPI 3.1, served at /open311/v2/openapi.json. Written by hand next
 * to the routes (src/http/open311/open311.ts); a test calls every path listed here, so the two cannot drift apart.
 */
export function openApiDocument() {
  const error = { $ref: "#/components/responses/Error" };
  const dateParam = (name: string, description: string) => ({ name, in: "query", required: false, description, schema: { type: "string", examples: ["2026-11-23", "2026-11-23T08:00:00+08:00"] } });
  return {
    openapi: "3.1.0",
    info: {
      title: "Minqing (民情通) open API",
      version: "2",
      description:
        "In the spirit of Open311 GeoReport v2: the services (categories of appeal), filing a request (case) for a resident from another " +
        "system, and reading requests with their status and public notes. JSON only. Keys come from the deployment file (apiKeys); send one " +
        "as the X-API-Key header or the api_key parameter. Every call is logged. A resident filed for here gets no chat messages: the " +
        "filing system reads the progress back from this API and tells the resident itself.",
    },
    servers: [{ url: "/open311/v2" }],
    components: {
      securitySchemes: {
        header: { type: "apiKey", in: "header", name: "X-API-Key" },
        parameter: { type: "apiKey", in: "query", name: "api_key" },
      },
      responses: {
        Error: {
          description: "Refused: 400 names the field at fault; 401 no or a wrong key; 403 the key lacks the scope; 404 no such thing.",
          content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Error" } } } },
        },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["code", "description"],
          properties: { code: { type: "integer" }, description: { type: "string" }, field: { type: "string", description: "The parameter at fault, e.g. service_code" } },
        },
        Service: {
          type: "object",
          properties: {
            service_code: { type: "string", examples: ["city"] },
            service_name: { type: "string", examples: ["市容环境"] },
            description: { type: "string" },
            metadata: { type: "boolean" },
            type: { type: "string", enum: ["realtime"] },
            keywords: { type: "string" },
            group: { type: "string", description: "The department that handles it" },
          },
        },
        Request: {
          type: "object",
          properties: {
            service_request_id: { type: "string", examples: ["MQ-20261123-0042"] },
            status: { type: "string", enum: ["open", "closed"] },
            status_notes: { type: ["string", "null"], description: "The latest answer, rejection reason or result told to the resident" },
            service_name: { type: "string" },
            service_code: { type: "string" },
            description: { type: ["string", "null"], description: "Only for the client that filed the request (appeals are confidential)" },
            agency_responsible: { type: "string" },
            requested_datetime: { type: "string", format: "date-time" },
            updated_datetime: { type: "string", format: "date-time" },
            expected_datetime: { type: "string", format: "date-time", description: "When the resident can expect a first answer" },
            address: { type: ["string", "null"], description: "The community" },
            lat: { type: ["number", "null"] },
            long: { type: ["number", "null"] },
            extended_attributes: {
              type: "object",
              properties: {
                state: { type: "string", enum: ["submitted", "accepted", "in_progress", "resolved", "closed", "rejected", "withdrawn", "merged"] },
                urgent: { type: "boolean" },
                overdue: { type: "boolean" },
                rating: { type: ["integer", "null"] },
                notes: {
                  type: "array",
                  description: "The public timeline; internal notes never appear",
                  items: { type: "object", properties: { datetime: { type: "string", format: "date-time" }, type: { type: "string" }, description: { type: ["string", "null"] } } },
                },
              },
            },
          },
        },
      },
    },
    paths: {
      "/services.json": {
        get: {
          summary: "The services (categories) requests can be filed under. Needs no key.",
          responses: { "200": { description: "The services", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Service" } } } } } },
        },
      },
      "/services/{service_code}.json": {
        get: {
          summary: "The attributes a request for this service may carry: attribute[community], attribute[urgent]. Needs no key.",
          parameters: [{ name: "service_code", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "The service definition" }, "404": error },
        },
      },
      "/requests.json": {
        get: {
          summary: "Requests, newest first. Without dates or ids: the last 90 days.",
          security: [{ header: [] }, { parameter: [] }],
          parameters: [
            { name: "service_request_id", in: "query", required: false, description: "One or more ids, comma-separated", schema: { type: "string" } },
            { name: "service_code", in: "query", required: false, description: "One or more, comma-separated", schema: { type: "string" } },
            { name: "status", in: "query", required: false, schema: { type: "string", enum: ["open", "closed", "open,closed"] } },
            dateParam("start_date", "Filed at or after; a bare date is that day in the county's time zone"),
            dateParam("end_date", "Filed at or before; a bare date includes the whole day"),
            { name: "page", in: "query", required: false, schema: { type: "integer", minimum: 1, default: 1 } },
            { name: "page_size", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 200, default: 100 } },
          ],
          responses: { "200": { description: "The requests", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Request" } } } } }, "400": error, "401": error },
        },
        post: {
          summary: "File a request for a resident. The case is routed and posted to the department's group like one filed by chat.",
          security: [{ header: [] }, { parameter: [] }],
          requestBody: {
            required: true,
            content: Object.fromEntries(
              ["application/x-www-form-urlencoded", "application/json"].map((type) => [
                type,
                {
                  schema: {
                    type: "object",
                    required: ["service_code", "description"],
                    properties: {
                      service_code: { type: "string" },
                      description: { type: "string", maxLength: 5000 },
                      lat: { type: "number" },
                      long: { type: "number" },
                      address_string: { type: "string" },
                      media_url: { type: "string", format: "uri" },
                      "attribute[community]": { type: "string", description: "A community id from services/{code}.json" },
                      "attribute[urgent]": { type: "string", enum: ["true", "false"] },
                      account_id: { type: "string", description: "The resident in your system: their filings share one resident record" },
                      first_name: { type: "string" },
                      last_name: { type: "string" },
                    },
                  },
                },
              ]),
            ),
          },
          responses: {
            "201": {
              description: "Filed",
              content: { "application/json": { schema: { type: "array", items: { type: "object", properties: { service_request_id: { type: "string" }, service_notice: { type: "string" }, account_id: { type: "null" } } } } } },
            },
            "400": error,
            "401": error,
            "403": error,
          },
        },
      },
      "/requests/{service_request_id}.json": {
        get: {
          summary: "One request",
          security: [{ header: [] }, { parameter: [] }],
          parameters: [{ name: "service_request_id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "A list of one request, as Open311 answers" }, "401": error, "404": error },
        },
      },
      "/openapi.json": { get: { summary: "This description", responses: { "200": { description: "OpenAPI 3.1" } } } },
    },
  };
}
