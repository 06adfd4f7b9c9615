"""A small helper over jupyter_client for the kernel's protocol tests: start the kernel, run a
cell and collect what it published, read IOPub after a cell has ended."""
import os
import queue
import time

from jupyter_client.manager import start_new_kernel

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KERNEL = os.environ.get("STREAMWEAVE_KERNEL", "streamweave")


class Kernel:
    """A running kernel and a blocking client to it."""

    def __init__(self, cwd=None, startup_timeout=60):
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL, cwd=cwd or os.path.join(ROOT, "notebooks"), startup_timeout=startup_timeout)
        self.stray = []  # IOPub messages read while waiting for another request's

    def close(self):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=False)

    def iopub(self, timeout):
        return self.kc.get_iopub_msg(timeout=timeout)

    def reply_to(self, msg_id, timeout=60, channel="shell"):
        get = self.kc.get_control_msg if channel == "control" else self.kc.get_shell_msg
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError(f"no reply to {msg_id}")
            msg = get(timeout=left)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def until_idle(self, msg_id, timeout=60):
        """IOPub messages answering msg_id, up to (not including) its idle status."""
        out = []
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError(f"no idle for {msg_id}; got {[m['msg_type'] for m in out]}")
            msg = self.iopub(left)
            if msg["parent_header"].get("msg_id") != msg_id:
                self.stray.append(msg)
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return out
            out.append(msg)

    def execute(self, code, timeout=60, **kw):
        """Runs a cell: (reply content, IOPub messages of the cell)."""
        msg_id = self.kc.execute(code, **kw)
        outputs = self.until_idle(msg_id, timeout)
        reply = self.reply_to(msg_id, timeout)
        return reply["content"], outputs

    def ok(self, code, timeout=60):
        reply, outputs = self.execute(code, timeout)
        if reply["status"] != "ok":
            raise AssertionError(f"cell failed: {code!r}\n{reply.get('ename')}: {reply.get('evalue')}\n" + "\n".join(reply.get("traceback", [])))
        return outputs

    def value(self, code, timeout=60):
        """The text/plain of a cell's execute_result."""
        for m in self.ok(code, timeout):
            if m["msg_type"] == "execute_result":
                return m["content"]["data"]["text/plain"]
        raise AssertionError(f"no execute_result for {code!r}")

    def drain(self, seconds):
        """Every IOPub message arriving within `seconds` (stray ones first)."""
        out, self.stray = self.stray, []
        deadline = time.time() + seconds
        while True:
            left = deadline - time.time()
            if left <= 0:
                return out
            try:
                out.append(self.iopub(left))
            except queue.Empty:
                return out
