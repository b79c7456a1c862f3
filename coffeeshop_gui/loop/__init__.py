"""The qasync integration: the shop loop that runs asyncio inside Qt's event loop."""
