# Two-process Main Mode over real UDP 848 (network namespaces, veth).
