#!/usr/bin/env python3
"""Re-runs every curl example of README.md against a running kpi-server and rewrites the ```json block
that follows each one with the real (pretty-printed) output. The Swift test ReadmeExamplesTests checks
that the README still matches. Usage: scripts/update-readme-examples.py [http://127.0.0.1:8080]"""
import json, re, subprocess, sys

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
text = open("README.md", encoding="utf-8").read()
pattern = re.compile(r"(```sh\n)(curl [^\n]*(?:\\\n[^\n]*)*)\n```\n```json\n.*?```", re.S)

def run(match):
    command = match.group(2)
    # Run by bash, as a reader would paste it (`$'…'` quoting included), against `base`.
    line = command.replace("\\\n", " ").replace("localhost:8080", base, 1)
    output = subprocess.run(["bash", "-c", line], capture_output=True, text=True, check=True).stdout
    pretty = json.dumps(json.loads(output), indent=2, ensure_ascii=False)
    return f"{match.group(1)}{command}\n```\n```json\n{pretty}\n```"

new, count = pattern.subn(run, text)
open("README.md", "w", encoding="utf-8").write(new)
print(f"updated {count} examples")
