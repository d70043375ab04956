# The lesson's key server typed as in the lesson (sub-modes left by typing
# the next global command), then its running-config and the show commands.
Router#configure terminal
Router(config)#hostname R1
R1(config)#crypto isakmp policy 10
R1(config-isakmp)#encryption aes
R1(config-isakmp)#hash sha
R1(config-isakmp)#authentication pre-share 
R1(config-isakmp)#group 5
R1(config-isakmp)#crypto isakmp key MY_KEY address 0.0.0.0
R1(config)#crypto ipsec transform-set TRANSFORM_SET esp-aes esp-sha-hmac
R1(cfg-crypto-trans)#crypto ipsec profile IPSEC_PROFILE
R1(ipsec-profile)#set transform-set TRANSFORM_SET
R1(ipsec-profile)#crypto key generate rsa modulus 1024 label RSA_KEYS
The name for the keys will be: RSA_KEYS

% The key modulus size is 1024 bits
% Warning: a modulus below 2048 bits is weak; use 2048 or more
% Generating 1024 bit RSA keys, keys will be non-exportable...
[OK] (elapsed time was @SECONDS@ seconds)
R1(config)#ip access-list extended ICMP
R1(config-ext-nacl)#permit icmp any any
R1(config-ext-nacl)#crypto gdoi group GDOI_GROUP
R1(config-gkm-group)#identity number 123
R1(config-gkm-group)#server local
R1(gkm-local-server)#address ipv4 192.168.1.1
R1(gkm-local-server)#rekey authentication mypubkey rsa RSA_KEYS
R1(gkm-local-server)#rekey transport unicast
R1(gkm-local-server)#sa ipsec 1
R1(gkm-sa-ipsec)#profile IPSEC_PROFILE
R1(gkm-sa-ipsec)#match address ipv4 ICMP
R1(gkm-sa-ipsec)#end
R1#show running-config
Building configuration...

Current configuration : 560 bytes
!
hostname R1
!
crypto isakmp policy 10
 encr aes
 authentication pre-share
 group 5
crypto isakmp key MY_KEY address 0.0.0.0
!
crypto ipsec transform-set TRANSFORM_SET esp-aes esp-sha-hmac
 mode tunnel
!
crypto ipsec profile IPSEC_PROFILE
 set transform-set TRANSFORM_SET
!
crypto gdoi group GDOI_GROUP
 identity number 123
 server local
  rekey authentication mypubkey rsa RSA_KEYS
  rekey transport unicast
  sa ipsec 1
   profile IPSEC_PROFILE
   match address ipv4 ICMP
  address ipv4 192.168.1.1
!
ip access-list extended ICMP
 permit icmp any any
!
end
R1#show ip access-lists
Extended IP access list ICMP
    10 permit icmp any any
R1#show crypto isakmp policy

Global IKE policy
Protection suite of priority 10
	encryption algorithm:	AES - Advanced Encryption Standard (128 bit keys).
	hash algorithm:		Secure Hash Standard
	authentication method:	Pre-Shared Key
	Diffie-Hellman group:	#5 (1536 bit)
	lifetime:		86400 seconds, no volume limit
Default protection suite
	encryption algorithm:	DES - Data Encryption Standard (56 bit keys).
	hash algorithm:		Secure Hash Standard
	authentication method:	Rivest-Shamir-Adleman Signature
	Diffie-Hellman group:	#1 (768 bit)
	lifetime:		86400 seconds, no volume limit
R1#show crypto ipsec transform-set
Transform set TRANSFORM_SET: { esp-aes esp-sha-hmac  }
   will negotiate = { Tunnel,  },

R1#show crypto key mypubkey rsa NONE
% No RSA keys named NONE
