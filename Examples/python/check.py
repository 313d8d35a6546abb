#!/usr/bin/env python3
"""CI check of the Python client: generates it with openapi-python-client from the committed openapi.yaml,
starts kpi-server on a free 127.0.0.1 port, and runs EVERY catalogue example (GET /kpis → each KPI's
`example`) through the generated client. Every property of every KPI input schema must be a typed attribute of
the generated model (scripts/client_types.py: a spec change that drops a typed field fails here); the example
must load into the KPI's typed input model and give the same JSON back, the typed operation must answer 200
with a KPIResult of that KPI, and a batch of all the examples must answer 200 for each. One bad request must come back as a typed 422 Problem with its pointers.

Usage: python3 Examples/python/check.py        (KPI_SERVER=path/to/kpi-server to skip `swift build --show-bin-path`)
Ends with the line "N passed, N failed"; exits 1 on any failure.
"""

import importlib
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
import client_types  # noqa: E402
import kpi_client_setup  # noqa: E402


def pascal(kpi_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in kpi_id.split("-"))


def check(url: str) -> tuple[int, list[str]]:
    from kpi_client import Client
    from kpi_client.api.default import batch, list_kpis
    from kpi_client.api.kpis import cac
    from kpi_client.models import (BatchItem, BatchItemInput, BatchRequest, CacInput, Catalogue, KPIResult,
                                   Problem)
    from kpi_client import models

    client = Client(base_url=url, raise_on_unexpected_status=True)
    passed, failures = 0, []

    def expect(condition: bool, what: str) -> None:
        nonlocal passed
        if condition:
            passed += 1
        else:
            failures.append(what)
            print(f"FAIL {what}")

    types = client_types.check_python(models)
    passed += types.passed
    failures += types.failures

    catalogue = list_kpis.sync(client=client)
    expect(isinstance(catalogue, Catalogue) and len(catalogue.kpis) > 0, "GET /kpis parses as a typed Catalogue")
    for entry in catalogue.kpis:
        example = entry.example.to_dict()
        model = getattr(models, pascal(entry.id) + "Input")
        body = model.from_dict(example)
        expect(body.to_dict() == example, f"{entry.id}: the example round-trips through {model.__name__}")
        operation = importlib.import_module("kpi_client.api.kpis." + entry.id.replace("-", "_"))
        response = operation.sync_detailed(client=client, body=body)
        result = response.parsed
        ok = response.status_code == 200 and isinstance(result, KPIResult) and result.kpi == entry.id
        expect(ok, f"POST {entry.path} answers 200 with a typed KPIResult (got {response.status_code}: "
                   f"{response.content[:300]!r})")
        if ok:
            print(f"ok   {entry.path:24} {result.value:>14.6g} {result.unit.value:8} {result.substituted}")

    items = [BatchItem(kpi=entry.id, input_=BatchItemInput.from_dict(entry.example.to_dict())) for entry in catalogue.kpis]
    answer = batch.sync(client=client, body=BatchRequest(items=items))
    statuses = [item.status.value for item in answer.results]
    expect(statuses == [200] * len(items) and all(isinstance(item.result, KPIResult) for item in answer.results),
           f"POST /batch with every example answers 200 for each (got {statuses})")

    problem = cac.sync(client=client, body=CacInput(total_spend=100, new_customers=0))
    expect(isinstance(problem, Problem) and problem.status == 422
           and [error.pointer for error in problem.errors] == ["/newCustomers"],
           f"a bad request answers a typed 422 Problem pointing at /newCustomers (got {problem!r})")
    return passed, failures


def main() -> None:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kpi-python-check-") as workdir:
        kpi_client_setup.generate_client(pathlib.Path(workdir))
        print(f"generated and installed kpi_client in {time.monotonic() - started:.1f} s")
        with kpi_client_setup.Server() as server:
            passed, failures = check(server.url)
    print(f"python client: {time.monotonic() - started:.1f} s")
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
