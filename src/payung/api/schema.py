"""How the OpenAPI schema describes our token authentication (drf-spectacular extension)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "payung.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <kunci>` (Keamanan akun → Token API, atau POST /api/v1/auth/token/)",
        }


# Every operation may answer these in the one error shape (api.errors); the description says so, so a
# client (and the fuzzer) knows what a refusal looks like.
ERROR_ANSWERS = {
    "400": "Isian atau parameter tidak sah. / Invalid input or parameters.",
    "401": "Tanpa token yang berlaku. / No valid token.",
    "403": "Peran tidak boleh melakukan ini. / The role may not do this.",
    "404": "Tidak ada, atau di luar wilayah kerja. / Missing, or outside the caller's regions.",
    "409": "Bertentangan dengan keadaan data (mis. Idempotency-Key dengan isi lain). / Conflicts with the data.",
    "429": "Terlalu banyak permintaan; lihat Retry-After. / Too many requests; see Retry-After.",
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "example": "invalid"},
                "message": {"type": "string", "example": "Periksa isian yang ditandai."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                        },
                    },
                },
            },
        }
    },
}


def add_error_answers(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error shape as a component and every error answer."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            answers = operation.setdefault("responses", {})
            for status, description in ERROR_ANSWERS.items():
                answers.setdefault(status, {"description": description, "content": reference})
    return result
