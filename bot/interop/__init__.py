"""Exchanging the directory with other systems: Open Referral HSDS 3.x export and import."""
