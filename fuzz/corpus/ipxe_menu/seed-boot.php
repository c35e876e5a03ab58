#!ipxe
echo Boot menu
menu Selection
item debian Debian Netboot (7.4)
item fedora Fedora 20

choose os && goto ${os}

# :something is a 'goto' label.
:debian
sanboot http://server/path/to/debian-7.4.0-amd64-netinst.iso

:fedora
sanboot http://server/path/to/Fedora-Live-etc.iso
