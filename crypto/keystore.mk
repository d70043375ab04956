# crypto/keystore: RSA key pairs kept under --state-dir (configuration work)
