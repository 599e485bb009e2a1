"""The refusals every operation of the API may answer, documented once for all of them.

Any operation can be refused: 400 for a value no database can take (a control character, see
`concord.web.bad_input`) or a body that is not JSON, 401 without credentials, 403 for the wrong
person, 404 for an address or record not on record, 409 for a change the rules refuse, 422 for
input that does not fit the schema. Each is JSON with a `detail`: a sentence, or for 422 the list
of fields at fault (some operations add their own fields, such as `rows` or `errors`). An
operation that documents one of these with its own schema keeps it; a 422 also admits the
generic form, since any operation's input can fail ninja's own validation first."""

from ninja import NinjaAPI

__all__ = ["ConcordAPI", "REFUSALS"]

ERROR = "ErrorOut"
ERROR_SCHEMA = {
    "title": ERROR,
    "type": "object",
    "description": "a refusal: a sentence, or the list of fields at fault (type, loc, msg)",
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "type": {"type": "string"},
                            "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                            "msg": {"type": "string"},
                        },
                        "required": ["type", "loc", "msg"],
                    },
                },
            ]
        }
    },
    "required": ["detail"],
}
REFUSALS = {
    "400": "a value that cannot be read or stored (a control character, a body that is not JSON)",
    "401": "not signed in: send a bearer token",
    "403": "refused: the signed-in person may not do this",
    "404": "no such record, or no such address",
    "409": "refused by the rules, or based on a record changed since",
    "422": "input that does not fit the schema, named by field",
}
METHODS = {"get", "put", "post", "patch", "delete", "head", "options"}


def _document_refusals(schema: dict) -> dict:
    """Add every refusal to every operation of an OpenAPI document, in place."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR] = ERROR_SCHEMA
    ref = {"$ref": f"#/components/schemas/{ERROR}"}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            # ninja keys its own answers by number; JSON keys are strings: one key per status
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status, description in REFUSALS.items():
                documented = responses.get(status)
                if documented is None:
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    }
                elif status == "422":
                    content = documented.setdefault("content", {}).setdefault(
                        "application/json", {}
                    )
                    own = content.get("schema")
                    content["schema"] = {"anyOf": [own, ref]} if own else ref
    return schema


class ConcordAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document names every refusal of every operation."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return _document_refusals(schema)
