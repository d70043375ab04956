# `?` listings, as the same keys print them on a terminal.
Router#conf?
configure  
Router#configure ?
  terminal  Configure from the terminal
  <cr>
Router#show ?
  crypto          Encryption module
  history         Display the session command history
  ip              IP information
  logging         Show the contents of logging buffers
  running-config  Current operating configuration
  startup-config  Contents of startup configuration
  version         System hardware and software status
Router#show r?
running-config  
Router#show bogus ?
            ^
% Invalid input detected at '^' marker.
Router#conf t
Router(config)#logging buffered ?
  <4096-2147483647>  Logging buffer size
  <cr>
Router(config)#do show ver?
version  
Router(config)#no ?
  access-list  Add an access list entry
  crypto       Encryption module
  hostname     Set system's network name
  interface    Select an interface to configure
  ip           Global IP configuration subcommands
  logging      Modify message logging facilities
Router(config)#hostname "a?b"
% Hostname contains one or more illegal characters.
Router(config)#end
