# fuzz.mk: libFuzzer targets and the fuzz runner (make fuzz)
