#!/usr/bin/env python3
"""Extracts the schemas Parley's conformance test checks against from Meta's OpenAPI spec.

Usage: python3 extract.py path/to/business-messaging-api_v23.0.yaml > schemas.json

Keeps the named roots and every schema they reference, plus Meta's webhook examples,
nothing else, so the test data stays small. Needs PyYAML. Run it again when the spec is updated.
"""
import json
import sys

import yaml

ROOTS = [
    "Message",
    "MessageResponsePayload",
    "MarkMessageRequestPayload",
    "GraphAPIError",
    "PhoneNumberInfo",
    "WebhookPayload",
    "StatusMessageValue",
]


def main(path):
    spec = yaml.safe_load(open(path, encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    keep = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str) and value.startswith("#/components/schemas/"):
                    name = value.rsplit("/", 1)[-1]
                    if name not in keep:
                        keep.add(name)
                        walk(schemas[name])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for root in ROOTS:
        keep.add(root)
        walk(schemas[root])
    examples = spec["paths"]["/whatsapp/webhooks"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    out = {
        "components": {"schemas": {name: schemas[name] for name in sorted(keep)}},
        "webhook_examples": {name: example["value"] for name, example in examples.items()},
    }
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
