"""A child process that never answers: the program waits on its pipe for ever."""

import asyncio
import os
import sys


async def main():
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; time.sleep(3600)", stdout=asyncio.subprocess.PIPE
    )
    pid_file = os.environ.get("COFFEESHOP_TEST_PID_FILE")
    if pid_file:
        with open(pid_file, "w") as f:
            f.write(str(child.pid))
    line = await child.stdout.readline()  # <silent>
    return line
