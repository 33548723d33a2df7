"""The commerce observatory: vacancy, its duration, the trade mix and the platform's own funnel,
for a town inside its validated perimeter, computed from the register's runs (spells) in SQL."""
