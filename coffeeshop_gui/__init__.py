"""Coffee Shop asyncio: real asyncio tasks drawn as customers in a coffee shop."""

__version__ = "0.1.0"
