"""The Jupyter kernel conformance suite (jupyter_kernel_test) against the streamweave kernel.

Every test the suite has gets a real code sample. Run from the repository root with the
kernelspec on JUPYTER_PATH (npm test does this through test/kernel.test.ts):

    JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 test/jupyter/conformance.py
"""
import json
import os
import sys
import unittest

import jupyter_kernel_test

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class StreamWeaveKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("STREAMWEAVE_KERNEL", "streamweave")

    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    completion_samples = [
        {"text": "const streamweaveCompletionProbe = 1;\nstreamweaveCompletionPro", "matches": ["streamweaveCompletionProbe"]},
        {"text": "Math.hypo", "matches": ["hypot"]},
    ]

    complete_code_samples = ["1 + 1", "const g = new Graph('x');", "function f(a: number) {\n  return a;\n}", "for (let i = 0; i < 3; i++) {}"]
    incomplete_code_samples = ["function f(a: number) {", "const xs = [1, 2,", "if (true) {\n  console.log(1);"]
    invalid_code_samples = ["const = 5;", "1 +* 2;"]

    code_page_something = "Graph?"

    code_generate_error = 'throw new Error("this cell fails")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'stream' + 'weave'", "result": "'streamweave'"},
        {"code": "new Graph('g').nodeNames", "result": "[]"},
    ]

    code_display_data = [
        {"code": "show(new Graph('shown'))", "mime": "text/html"},
        {"code": "show(new Graph('shown'))", "mime": "text/plain"},
    ]

    code_history_pattern = "6 \\* 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = "clearOutput()"


if __name__ == "__main__":
    # Glob-style history pattern: "6 * 7" matched literally would be "6 [*] 7".
    StreamWeaveKernelTests.code_history_pattern = "6 [*] 7"
    result = unittest.main(exit=False, verbosity=2).result
    summary = {
        "run": result.testsRun,
        "failures": len(result.failures),
        "errors": len(result.errors),
        "skipped": len(result.skipped),
        "passed": result.testsRun - len(result.failures) - len(result.errors) - len(result.skipped),
    }
    out = os.path.join(ROOT, "test-output")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "conformance.json"), "w") as f:
        json.dump(summary, f)
    print("SUMMARY " + json.dumps(summary))
    sys.exit(0 if result.wasSuccessful() else 1)
