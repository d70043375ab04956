# Modes, prompts, abbreviations, hostname and the running-config.
Router#show version
getvpnd GETVPN Software, Version @VERSION@
GDOI (RFC 6407) key server and group member for Linux

Router uptime is 0 minutes
Running as user @PRIVILEGES@
Router#sh ver
getvpnd GETVPN Software, Version @VERSION@
GDOI (RFC 6407) key server and group member for Linux

Router uptime is 0 minutes
Running as user @PRIVILEGES@
Router#configure terminal
Router(config)#hostname R1
R1(config)#end
R1#show running-config
Building configuration...

Current configuration : 20 bytes
!
hostname R1
!
end
R1#conf t
R1(config)#do sh run
Building configuration...

Current configuration : 20 bytes
!
hostname R1
!
end
R1(config)#logging buffered 16384
R1(config)#exit
R1#sh runn
Building configuration...

Current configuration : 45 bytes
!
hostname R1
!
logging buffered 16384
!
end
R1#terminal length 0
R1#show history
  hostname R1
  end
  show running-config
  conf t
  do sh run
  logging buffered 16384
  exit
  sh runn
  terminal length 0
  show history
R1#disable
R1>show running-config
        ^
% Invalid input detected at '^' marker.
R1>enable
R1#conf
R1(config)#no logging buffered
R1(config)#no hostname
Router(config)#end
Router#exit
