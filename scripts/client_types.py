#!/usr/bin/env python3
"""Fails when a spec change drops a typed field for a client generator: every property of every KPI input schema
in openapi.yaml (the JSON request body of each `POST /<kpi>`), and of `KPIResult` and `Problem`, must be a typed
property of the generated type, optional exactly when the schema does not require it.

- swift-openapi-generator: `Components.Schemas.<Name>` in its generated `Types*.swift` files, read by the `- Remark: Generated
  from #/components/schemas/<Name>/<property>` line the generator writes above each property it keeps.
- openapi-python-client: the attrs class `kpi_client.models.<Name>` (check.py calls `check_python`).

A property is typed when the generated type is not an untyped JSON container (`OpenAPIValueContainer`,
`OpenAPIObjectContainer`; `Any`, `Unknown`).

Usage: python3 scripts/client_types.py swift PATH/TO/GeneratedSources    (prints "N passed, N failed"; exit 1 on a failure)
"""

import pathlib
import re
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]
SPEC = REPO / "openapi.yaml"


# The answers every client decodes, checked beside the inputs.
ANSWERS = ("KPIResult", "Problem")


def input_schemas(spec_path: pathlib.Path = SPEC) -> dict[str, list[tuple[str, bool]]]:
    """Each KPI input schema's name, then each of ANSWERS → its properties, each with whether it is required."""
    try:
        import yaml
        spec = yaml.safe_load(spec_path.read_text())
    except ImportError:  # openapi-python-client brings ruamel.yaml, openapi-spec-validator PyYAML
        from ruamel.yaml import YAML
        spec = YAML(typ="safe").load(spec_path.read_text())
    schemas = spec["components"]["schemas"]
    found = {}
    for path, item in spec["paths"].items():
        reference = (item.get("post", {}).get("requestBody", {}).get("content", {})
                     .get("application/json", {}).get("schema", {}).get("$ref", ""))
        name = reference.rsplit("/", 1)[-1]
        if not name.endswith("Input"):
            continue
        schema = schemas[name]
        required = set(schema.get("required", []))
        found[name] = [(prop, prop in required) for prop in schema["properties"]]
    if not found:
        raise SystemExit(f"no KPI input schemas found in {spec_path}")
    for name in ANSWERS:
        required = set(schemas[name].get("required", []))
        found[name] = [(prop, prop in required) for prop in schemas[name]["properties"]]
    return found


class Tally:
    """Counts checks; prints each failure."""

    def __init__(self, client: str):
        self.client, self.passed, self.failures = client, 0, []

    def expect(self, condition: bool, what: str) -> None:
        if condition:
            self.passed += 1
        else:
            self.failures.append(what)
            print(f"FAIL {self.client}: {what}")


UNTYPED_SWIFT = ("OpenAPIValueContainer", "OpenAPIObjectContainer", "OpenAPIArrayContainer")


def check_swift(generated: pathlib.Path, spec_path: pathlib.Path = SPEC) -> Tally:
    """Every input property is a typed `var` of `Components.Schemas.<Name>` in the `Types*.swift` files that
    swift-openapi-generator wrote into the folder `generated`: non-optional when required, optional otherwise."""
    files = sorted(generated.glob("Types*.swift"))
    if not files:
        raise SystemExit(f"no Types*.swift in {generated}")
    source = "\n".join(file.read_text() for file in files)
    tally = Tally("swift")
    for name, properties in input_schemas(spec_path).items():
        declared = dict(re.findall(
            r"- Remark: Generated from `#/components/schemas/" + re.escape(name) + r"/([^`/]+)`\.\n"
            r"\s*(?:internal |public |package )?var [`\w]+: ([^\n]+)\n", source))
        for prop, required in properties:
            swift_type = declared.get(prop)
            where = f"Components.Schemas.{name}.{prop}"
            if swift_type is None:
                tally.expect(False, f"{where} is missing from the generated types")
                continue
            tally.expect(not any(untyped in swift_type for untyped in UNTYPED_SWIFT), f"{where} is untyped: {swift_type}")
            tally.expect(swift_type.endswith("?") != required,
                         f"{where}: {swift_type} ({'required' if required else 'optional'} in the spec)")
    return tally


def check_python(models, spec_path: pathlib.Path = SPEC) -> Tally:
    """Every input property is an attrs field of `models.<Name>` under openapi-python-client's own Python name,
    with a type that is not `Any`, and `Unset` in it exactly when the property is optional."""
    import attrs
    from openapi_python_client.strings import PythonIdentifier

    tally = Tally("python")
    for name, properties in input_schemas(spec_path).items():
        model = getattr(models, name, None)
        if model is None or not attrs.has(model):
            tally.expect(False, f"models.{name} is not a generated attrs class (got {model!r})")
            continue
        fields = {field.name: field for field in attrs.fields(model)}
        for prop, required in properties:
            attribute = PythonIdentifier(prop, prefix="field_")
            where = f"models.{name}.{attribute} ({prop})"
            field = fields.get(attribute)
            if field is None:
                tally.expect(False, f"{where} is missing (attributes: {sorted(fields)})")
                continue
            annotation = str(field.type)
            tally.expect(re.search(r"\b(Any|Unknown)\b", annotation) is None, f"{where} is untyped: {annotation}")
            tally.expect(("Unset" in annotation) != required,
                         f"{where}: {annotation} ({'required' if required else 'optional'} in the spec)")
    return tally


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] != "swift":
        raise SystemExit(__doc__)
    tally = check_swift(pathlib.Path(sys.argv[2]))
    schemas = input_schemas()
    print(f"swift types: {sum(map(len, schemas.values()))} properties of {len(schemas)} schemas checked in {sys.argv[2]}/Types*.swift")
    print(f"{tally.passed} passed, {len(tally.failures)} failed")
    sys.exit(1 if tally.failures else 0)


if __name__ == "__main__":
    main()
