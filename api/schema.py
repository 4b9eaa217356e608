"""How the OpenAPI schema describes the token header (drf-spectacular extension)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <khóa API> — khóa do quản trị hệ thống cấp tại /api/tokens/.",
        }


ERROR = {
    "type": "object",
    "description": "Lỗi: `detail` (một câu), hoặc từng trường với danh sách lỗi của trường đó.",
    "additionalProperties": True,
    "properties": {"detail": {"type": "string"}},
}
ERRORS = {
    "400": "Dữ liệu gửi lên không hợp lệ (lỗi theo từng trường).",
    "401": "Thiếu khóa API, khóa sai hoặc đã bị thu hồi.",
    "403": "Người được cấp khóa không có quyền làm việc này.",
    "404": "Không có, hoặc không thuộc phạm vi người được cấp khóa được xem.",
    "429": "Quá số yêu cầu cho phép trong một phút với khóa này.",
}


def error_responses(result, generator, request, public):
    """Every operation documents the errors the API answers with, all in one shape (a postprocessing
    hook of drf-spectacular)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": text,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
