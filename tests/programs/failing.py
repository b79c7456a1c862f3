import asyncio


async def clumsy():
    await asyncio.sleep(1)  # <clumsy-sleep>
    raise ValueError("dropped the cup")  # <raise>


async def patient(name):
    await asyncio.sleep(2)  # <patient-sleep>
    return name


async def main():
    dropped = asyncio.create_task(clumsy(), name="clumsy")  # never awaited: fails alone
    ok = asyncio.create_task(patient("Ola"), name="Ola")
    return await ok, dropped.get_name()  # <await-ola>
