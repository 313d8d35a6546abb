"""Schemathesis hooks for kpi-server: record lines (NDJSON, CSV) are sent as the text schemathesis draws for
them. The OpenAPI document describes those bodies as strings, and Schemathesis has no serializer of its own
for these media types. Loaded through SCHEMATHESIS_HOOKS by scripts/schemathesis.sh."""
import schemathesis


@schemathesis.serializer("application/x-ndjson", "text/csv")
def record_lines(ctx, value):
    """The drawn value as UTF-8 text (a string, or anything else in its JSON form)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    import json
    return json.dumps(value).encode("utf-8")
