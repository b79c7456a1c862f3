"""Child processes with pipes: exec and shell, communicate and wait."""

import asyncio
import sys

SHOUT = "import sys, time; time.sleep(0.05); print(sys.stdin.read().upper())"


async def main():
    child = await asyncio.create_subprocess_exec(  # <exec>
        sys.executable, "-c", SHOUT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await child.communicate(b"latte")  # <communicate>
    shell = await asyncio.create_subprocess_shell(  # <shell>
        "sleep 0.05; echo espresso", stdout=asyncio.subprocess.PIPE
    )
    said, _ = await shell.communicate()  # <shell-communicate>
    nap = "import time; time.sleep(0.5)"  # long enough to be surely waited for
    quiet = await asyncio.create_subprocess_exec(sys.executable, "-c", nap)  # <quiet>
    code = await quiet.wait()  # <wait>
    return [out.decode().strip(), said.decode().strip(), code]
