# gdoi/pull.mk: GROUPKEY-PULL, key server and group member state
