# The IOS error markers, each with the caret under the offending word.
Router#show bogus
            ^
% Invalid input detected at '^' marker.
Router#bogus
       ^
% Invalid input detected at '^' marker.
Router#show version now
                    ^
% Invalid input detected at '^' marker.
Router#co t
% Ambiguous command:  "co t"
Router#show
% Incomplete command.
Router#terminal length 513
                       ^
% Invalid input detected at '^' marker.
Router#terminal length -1
                       ^
% Invalid input detected at '^' marker.
Router#conf t
Router(config)#show version
               ^
% Invalid input detected at '^' marker.
Router(config)#do show bogus
                       ^
% Invalid input detected at '^' marker.
Router(config)#hostname
% Incomplete command.
Router(config)#hostname 9lives
% Hostname contains one or more illegal characters.
Router(config)#logging buffered 100
                                ^
% Invalid input detected at '^' marker.
Router(config)#end
