"""A user's program that leans on the standard library, as programs opened in the shop do."""

import asyncio
import json
import random
import sqlite3
import statistics
import uuid
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass


@dataclass
class Order:
    id: str
    drink: str
    grams: int


async def take_order(drink: str) -> Order:
    await asyncio.sleep(random.uniform(0.1, 0.3))
    return Order(str(uuid.uuid4()), drink, random.randint(7, 20))


async def main():
    orders = await asyncio.gather(*(take_order(d) for d in ("latte", "espresso", "mocha")))
    db = sqlite3.connect(":memory:")
    db.execute("create table orders (id text, drink text, grams integer)")
    db.executemany("insert into orders values (:id, :drink, :grams)", map(asdict, orders))
    (count,) = db.execute("select count(*) from orders").fetchone()
    menu = ET.fromstring("<menu><drink>latte</drink><drink>espresso</drink></menu>")
    summary = {
        "orders": count,
        "mean_grams": statistics.mean(o.grams for o in orders),
        "menu": [d.text for d in menu],
    }
    print("stdlib_user:", json.dumps(summary))
