# Output pipes after exec commands.
P9#show running-config | include hostname
hostname P9
P9#sh run | i ^logging|^hostname
hostname P9
logging buffered 8192
P9#show running-config | begin logging
logging buffered 8192
!
end
P9#show running-config | count ^!
Number of lines which match regexp = 3
P9#show running-config | ?
  begin    Begin with the line that matches
  count    Count number of lines which match regexp
  exclude  Exclude lines that match
  include  Include lines that match
  section  Filter a section of output
P9#show running-config | bogus x
                         ^
% Invalid input detected at '^' marker.
P9#conf t
P9(config)#do show running-config | exclude ^(!|Building|Current|$)
hostname P9
logging buffered 8192
end
P9(config)#end
