"""Committees (政协委员会): one install for a city CPPCC and its district and county committees."""
