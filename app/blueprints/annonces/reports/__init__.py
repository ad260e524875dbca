"""Reports: a member tells the platform managers that an annonce is wrong."""
