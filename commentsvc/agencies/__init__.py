"""Agencies (cơ quan): the directory of ministries, government agencies and provinces that are consulted."""
