"""Executes every notebook in notebooks/ through nbclient with the streamweave kernel, failing on
any error (the notebooks assert their own results). Executed copies go to test-output/notebooks/.

    JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 test/jupyter/notebooks.py [name ...]
"""
import glob
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
OUT = os.environ.get("STREAMWEAVE_NOTEBOOK_OUT", os.path.join(ROOT, "test-output", "notebooks"))
KERNEL = os.environ.get("STREAMWEAVE_KERNEL", "streamweave")


def live_views(nb):
    """Outputs of live views: (display id... gone once saved) metadata of the view's last message."""
    views = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("streamweave")
            if out.get("output_type") == "display_data" and meta is not None:
                views.append((meta, out["data"].get("text/plain", "")))
    return views


def run(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=180, startup_timeout=60, resources={"metadata": {"path": NOTEBOOKS}})
    t0 = time.time()
    try:
        client.execute()
    finally:
        os.makedirs(OUT, exist_ok=True)
        nbformat.write(nb, os.path.join(OUT, os.path.basename(path)))
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        raise AssertionError(f"error outputs: {errors}")
    views = live_views(nb)
    if not views:
        raise AssertionError("no live view in the executed notebook")
    # nbclient applied every update_display_data: the views of the finished run show its end.
    ended = [text for meta, text in views if meta.get("live") is False]
    if not ended:
        raise AssertionError(f"no live view reached its final state: {[m for m, _ in views]}")
    if os.path.basename(path) == "01-getting-started.ipynb":
        story(nb)
    return {"seconds": round(time.time() - t0, 2), "cells": len(nb.cells), "live_views": len(views), "ended_views": len(ended)}


def story(nb):
    """The saved notebook reads cell by cell as it ran: the first cell's view (a graph with one input)
    still shows one node at frontier [0], frozen when the next cell started, though later cells
    added nodes and ran the graph to its end."""
    first = next(c for c in nb.cells if c.cell_type == "code")
    shown = [o for o in first.get("outputs", []) if o.get("output_type") == "display_data"]
    if len(shown) != 1:
        raise AssertionError(f"the first cell should show one view, got {len(shown)}")
    html = shown[0]["data"]["text/html"]
    if 'data-nodes="1"' not in html or 'data-inputs="[0]"' not in html:
        raise AssertionError(f"the first cell's view does not show its own cell's graph: {html[:300]}")


def main(names):
    paths = sorted(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")))
    if names:
        paths = [p for p in paths if os.path.basename(p) in names or os.path.splitext(os.path.basename(p))[0] in names]
    if len(paths) < 2 and not names:
        print(f"FAIL expected at least two notebooks in {NOTEBOOKS}")
        return 1
    results, failed = {}, 0
    for p in paths:
        name = os.path.basename(p)
        try:
            results[name] = run(p)
            print(f"ok   {name} {json.dumps(results[name])}", flush=True)
        except CellExecutionError as e:
            failed += 1
            results[name] = {"error": str(e)[:4000]}
            print(f"FAIL {name}: a cell failed\n{e}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported
            failed += 1
            results[name] = {"error": f"{type(e).__name__}: {e}"[:4000]}
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print(f"SUMMARY {len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
