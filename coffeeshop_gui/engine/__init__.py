"""asyncio only: the instrumentation that watches a loop, its clock, and trace export."""
