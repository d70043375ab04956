# A startup-config is loaded at start; write memory replaces it.
GV2#show running-config
Building configuration...

Current configuration : 45 bytes
!
hostname GV2
!
logging buffered 8192
!
end
GV2#show startup-config
! startup-config with an error
hostname GV2
hostnme GV3
logging buffered 8192
end
GV2#conf t
GV2(config)#hostname GV4
GV4(config)#no logging buffered
GV4(config)#end
GV4#write
Building configuration...
[OK]
GV4#show startup-config
!
hostname GV4
!
end
