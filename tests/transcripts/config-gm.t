# A group member loaded from its startup-config (the lesson's GM), then an
# access list with every kind of entry, and IOS-style errors.
R2#show running-config
Building configuration...

Current configuration : 311 bytes
!
hostname R2
!
crypto isakmp policy 10
 encr aes
 authentication pre-share
 group 5
crypto isakmp key MY_KEY address 0.0.0.0
!
crypto gdoi group GDOI_GROUP
 identity number 123
 server address ipv4 192.168.1.1
!
crypto map CRYPTO_MAP 10 gdoi
 set group GDOI_GROUP
!
interface eth0
 crypto map CRYPTO_MAP
!
end
R2#conf t
R2(config)#ip access-list extended LAB
R2(config-ext-nacl)#remark what the group encrypts
R2(config-ext-nacl)#permit ip 10.1.1.7 0.0.0.255 10.2.0.0 0.0.255.255
R2(config-ext-nacl)#deny udp any eq isakmp any
R2(config-ext-nacl)#permit tcp host 10.1.1.1 range 1024 2047 any eq 80
R2(config-ext-nacl)#15 permit 50 any any
R2(config-ext-nacl)#permit gre any any log
R2(config-ext-nacl)#permit tcp any any eq 99999
% Invalid or missing port after "eq"
R2(config-ext-nacl)#permit ip any
% Incomplete command.
R2(config-ext-nacl)#permit ip 10.0.0.1 any any
                                       ^
% Invalid input detected at '^' marker.
R2(config-ext-nacl)#permit tcp any ?
  A.B.C.D  Destination address
  any      Any destination host
  eq       Match only packets on a given port number
  gt       Match only packets with a greater port number
  host     A single destination host
  lt       Match only packets with a lower port number
  neq      Match only packets not on a given port number
  range    Match only packets in the range of port numbers
R2(config-ext-nacl)#no 20
R2(config-ext-nacl)#exit
R2(config)#access-list 101 permit icmp any host 192.168.1.1
R2(config)#crypto isakmp policy 20
R2(config-isakmp)#group 3
% Diffie-Hellman group 3 is not supported (1, 2, 5, 14, 15, 16, 19, 20, 21)
R2(config-isakmp)#lifetime 30
                           ^
% Invalid input detected at '^' marker.
R2(config-isakmp)#end
R2#show ip access-lists
Extended IP access list LAB
    10 permit ip 10.1.1.0 0.0.0.255 10.2.0.0 0.0.255.255
    15 permit esp any any
    30 permit tcp host 10.1.1.1 range 1024 2047 any eq www
    40 permit gre any any log
Extended IP access list 101
    10 permit icmp any host 192.168.1.1
