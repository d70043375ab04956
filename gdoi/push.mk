# gdoi/push.mk: GROUPKEY-PUSH (rekey): build, sign, verify, acknowledge
