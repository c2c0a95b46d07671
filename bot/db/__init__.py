"""Database: typed models, the engine, migrations and small query modules."""
