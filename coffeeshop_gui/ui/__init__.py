"""Qt widgets and graphics items: they draw the folded shop state and send commands."""
