"""Rota's service layer: the one SQLAlchemy store, the iCal feed routes and the `rota` command
line. It uses the pure core packages (`scheduler`, `analysis`); they never import it."""
