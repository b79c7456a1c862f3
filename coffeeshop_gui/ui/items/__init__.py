"""One QGraphicsItem class per thing on the shop floor; each paints itself."""
